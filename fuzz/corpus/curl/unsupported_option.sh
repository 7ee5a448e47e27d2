curl --proxy http://proxy.internal:3128 https://api.example.com/
