curl -X POST https://upload.example.com/photos \
  -F 'title=Holiday in Lisbon' \
  -F 'photo=@avatar.png;type=image/png' \
  -F 'notes=<notes.txt' \
  -F 'raw=@data.bin' \
  -F 'thumb=@avatar.png;type=application/x-thumbnail' \
  --form-string 'caption=@not-a-file; really'
