curl -sS --retry 3 --retry-all-errors -X DELETE https://api.example.com/v1/sessions/current
