curl -sSLk --max-redirs 5 -o out.zip https://old.example.com/download
