curl 'https://api.example.com/search?q=caf%C3%A9&sort=-price' \
  -H 'accept: */*' \
  -H $'x-note: it\'s "quoted" \u2713' \
  -H 'if-none-match: W/"5f3c"' \
  -H 'user-agent: Mozilla/5.0' \
  --compressed
