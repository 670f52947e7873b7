"""What copytrail shows and hands on: exports, the SQLite file, the HTML report, the web app
and the PAN text-alignment format."""
