curl -A 'MyTool/1.0' -e https://ref.example/ -b 'a=1; b=2' -H 'Accept:' -H 'X-Empty;' https://api.example.com/profile
