curl --retry 5 --retry-delay 2 --retry-max-time 60 --retry-connrefused \
  -m 10 --connect-timeout 3 \
  https://api.example.com/health
