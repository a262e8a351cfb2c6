# stdio <-> TCP bridge: lets Neovim spawn "the server" while the server under test runs inside the test process.
import os
import socket
import sys
import threading

connection = socket.create_connection(("127.0.0.1", int(sys.argv[1])))


def upstream():
    while True:
        data = os.read(0, 65536)
        if not data:
            connection.shutdown(socket.SHUT_WR)
            return
        connection.sendall(data)


threading.Thread(target=upstream, daemon=True).start()
while True:
    data = connection.recv(65536)
    if not data:
        break
    os.write(1, data)
