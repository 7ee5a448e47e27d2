curl --json '{"name": "keyboard", "tags": ["kb"]}' https://api.example.com/items
