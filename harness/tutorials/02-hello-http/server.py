# Chapter 2, as the Python tutorials write it: accept a connection, read the request with one
# recv(1024), print it, answer "Hello World", close. Its bugs are the chapter's lessons: the
# request may not arrive in one piece, the lines end with '\n' instead of '\r\n', the response
# says HTTP/1.0 and has no Content-Length.
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

    # Send HTTP response
    response = 'HTTP/1.0 200 OK\n\nHello World'
    client_connection.sendall(response.encode())
    client_connection.close()
