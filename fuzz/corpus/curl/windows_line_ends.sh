curl https://api.example.com/v1/ping \
  -H "X-Trace: 7" \
  -d "a=1"
