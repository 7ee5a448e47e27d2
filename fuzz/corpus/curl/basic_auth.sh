curl -u 'alice:s3cr:et' https://api.example.com/me
