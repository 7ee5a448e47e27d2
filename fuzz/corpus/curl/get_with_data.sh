curl -G https://api.example.com/search?lang=en \
  -d 'q=caf%C3%A9%20au%20lait' \
  -d page=2 \
  --data-urlencode 'tag=a&b'
