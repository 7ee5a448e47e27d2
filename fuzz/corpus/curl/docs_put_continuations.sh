# From an API reference page: double quotes, a template variable, continuations.
curl -X PUT "https://api.example.com/v1/users/42" \
     -H "Content-Type: application/json" \
     -H "Authorization: Bearer {{token}}" \
     -d '{
  "name": "Ada Lovelace",
  "email": "ada@example.com"
}'
