curl -I https://api.example.com/status
