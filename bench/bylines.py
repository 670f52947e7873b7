"""Bylines read as the names they are, in several languages: pages whose byline element holds
a label ("Автор:", "Por", "نویسنده:", "作者："), a role before or after the name
("Корреспондент:", "خبرنگار:", "Von unserem Korrespondenten", "корреспондент"), initials with
full stops, two names, a name particle or a name that begins like a role ("Chief Keef"), each
checked against the names as written (a byline that names no one, "নিজস্ব প্রতিবেদক", staff
reporter, against none).  The pages are written for this benchmark.

    .venv/bin/python bench/bylines.py [--out FILE]
    PYTHONPATH=<older tree>/src .venv/bin/python bench/bylines.py
"""

from __future__ import annotations

import argparse
import json

from copytrail.stages.ingest.html import document_from_html

CASES = [
    ('<div class="author">Автор: Иван Петров</div>', "Иван Петров"),
    ('<p class="byline">Иван Петров, корреспондент</p>', "Иван Петров"),
    ('<span class="author">نویسنده: مریم احمدی</span>', "مریم احمدی"),
    ('<span class="author">بقلم: أحمد علي</span>', "أحمد علي"),
    ('<p class="byline">Por María López</p>', "María López"),
    ('<p class="byline">Par Jean Dupont, envoyé spécial</p>', "Jean Dupont"),
    ('<span class="author">作者：王小明</span>', "王小明"),
    ('<span class="author">记者 李华</span>', "李华"),
    ('<p class="byline">By J. R. Smith</p>', "J. R. Smith"),
    ('<p class="byline">By Ann Lee and Bob Stone</p>', "Ann Lee; Bob Stone"),
    ('<p class="byline">Maria Von Trapp</p>', "Maria Von Trapp"),
    ('<p class="byline">Von Hans Müller</p>', "Hans Müller"),
    ('<span class="author">Корреспондент: Иван Петров</span>', "Иван Петров"),
    ('<span class="author">خبرنگار: مریم احمدی</span>', "مریم احمدی"),
    ('<span class="author">مراسل: أحمد علي</span>', "أحمد علي"),
    ('<p class="byline">Reporter: Jane Doe</p>', "Jane Doe"),
    ('<p class="byline">Von unserem Korrespondenten Hans Müller</p>', "Hans Müller"),
    ('<p class="byline">De notre envoyée spéciale Marie Dubois</p>', "Marie Dubois"),
    ('<p class="byline">Yazar: Ayşe Yılmaz</p>', "Ayşe Yılmaz"),
    ('<p class="byline">De Vries</p>', "De Vries"),
    ('<p class="byline">Chief Keef</p>', "Chief Keef"),
    # South Asian scripts, whose last letter's sign an extractor strips as punctuation, and the
    # labels and roles of more languages
    ('<span class="author">लेखक: राहुल शर्मा</span>', "राहुल शर्मा"),
    ('<p class="byline">राहुल शर्मा, संवाददाता</p>', "राहुल शर्मा"),
    ('<span class="author">প্রতিবেদক: রহিম উদ্দিন</span>', "রহিম উদ্দিন"),
    ('<span class="author">নিজস্ব প্রতিবেদক</span>', None),
    ('<span class="author">ஆசிரியர்: ராஜா குமார்</span>', "ராஜா குமார்"),
    ('<span class="author">Mwandishi: Amina Juma</span>', "Amina Juma"),
    ('<span class="author">ავტორი: გიორგი ბერიძე</span>', "გიორგი ბერიძე"),
    # what follows a name: Korean "기자" (reporter), Japanese "記者" joined to it, Hindi "द्वारा" (by)
    ('<span class="author">홍길동 기자</span>', "홍길동"),
    ('<span class="author">山田太郎記者</span>', "山田太郎"),
    ('<span class="author">राहुल शर्मा द्वारा</span>', "राहुल शर्मा"),
    ('<span class="author">โดย สมชาย ใจดี</span>', "สมชาย ใจดี"),
    ('<span class="author">Bởi Nguyễn Văn An</span>', "Nguyễn Văn An"),
]
BODY = "<p>" + "Residents of the eastern district demanded the publication of the water test results. " * 8 + "</p>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = []
    for byline, written in CASES:
        html = f"<html><head><title>Water</title></head><body><article><h1>Water</h1>{byline}{BODY}</article></body></html>"
        doc = document_from_html(html, source_key="p", path="p.html")
        read = doc.author if doc else None
        rows.append({"byline": byline, "written": written, "read": read, "right": read == written})
        if read != written:
            print(f"  {byline!r} -> {read!r}")
    right = sum(r["right"] for r in rows)
    print(f"{right} / {len(rows)} bylines read as the names written")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"right": right, "pages": rows}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
