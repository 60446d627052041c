# Chapter 5, as the Python tutorials write it: a missing file is caught (FileNotFoundError) and
# answered 404 instead of stopping the server. listen(1) and one client at a time: while one
# client has not sent its request, every other client waits.
import os
import socket

# Define socket host and port
SERVER_HOST = os.environ.get('HOST', '127.0.0.1')
SERVER_PORT = int(os.environ.get('PORT', '8080'))

# Create socket
server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind((SERVER_HOST, SERVER_PORT))
server_socket.listen(1)
# PORT=0 lets the system pick a free port: say which one it picked.
print(f'Listening on http://{SERVER_HOST}:{server_socket.getsockname()[1]}', flush=True)


def handle_request(request):
    """Handles the HTTP request."""

    headers = request.split('\n')
    filename = headers[0].split()[1]
    if filename == '/':
        filename = '/index.html'

    try:
        fin = open('htdocs' + filename)
        content = fin.read()
        fin.close()

        response = 'HTTP/1.0 200 OK\n\n' + content
    except FileNotFoundError:
        response = 'HTTP/1.0 404 NOT FOUND\n\nFile Not Found'

    return response


while True:
    # Wait for client connections
    client_connection, client_address = server_socket.accept()

    # Get the client request
    request = client_connection.recv(1024).decode()
    print(request, flush=True)

    # Return an HTTP response
    response = handle_request(request)
    client_connection.sendall(response.encode())

    # Close connection
    client_connection.close()
