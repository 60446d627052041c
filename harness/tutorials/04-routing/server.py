# Chapter 4, as the Python tutorials write it: the file comes from the request line's path,
# 'htdocs' + filename. Nothing stops the path from leaving htdocs/: GET /../secret.txt opens
# htdocs/../secret.txt. A file that is not there raises FileNotFoundError, which stops the server.
import os
import socket

# Define socket host and port
SERVER_HOST = os.environ.get('HOST', '127.0.0.1')
SERVER_PORT = int(os.environ.get('PORT', '8080'))

# Create socket
server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind((SERVER_HOST, SERVER_PORT))
server_socket.listen()
# PORT=0 lets the system pick a free port: say which one it picked.
print(f'Listening on http://{SERVER_HOST}:{server_socket.getsockname()[1]}', flush=True)

while True:
    # Wait for client connections
    client_connection, client_address = server_socket.accept()

    # Get the client request
    request = client_connection.recv(1024).decode()
    print(request, flush=True)

    # Parse HTTP headers
    headers = request.split('\n')
    filename = headers[0].split()[1]

    # Get the content of the file
    if filename == '/':
        filename = '/index.html'

    fin = open('htdocs' + filename)
    content = fin.read()
    fin.close()

    # Send HTTP response
    response = 'HTTP/1.0 200 OK\n\n' + content
    client_connection.sendall(response.encode())
    client_connection.close()
