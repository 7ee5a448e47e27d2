# Postman's code view (cURL) of a request in a collection with variables.
curl --location '{{base_url}}/users/{{id}}?fields={{fields}}' \
--header 'Authorization: Bearer {{token}}'
