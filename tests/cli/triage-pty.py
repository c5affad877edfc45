# Drives `node dist/cli.js triage ...` in a pseudo-terminal, as a person at a keyboard would.
# Usage: triage-pty.py <steps.json> <cli args...>; steps: [[text to wait for, keys to type], ...].
# Prints everything the terminal showed; exits 1 if a step's text never appeared.
import json, os, pty, select, sys, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.environ['NO_COLOR'] = '1'
    os.execvp('node', ['node', os.path.join(os.path.dirname(__file__), '..', '..', 'dist', 'cli.js')] + sys.argv[2:])

seen = b''

def wait_for(text, since, timeout=20.0):
    """Reads until `text` appears after position `since`; returns the position after it, or -1."""
    global seen
    end = time.time() + timeout
    while time.time() < end:
        at = seen.find(text.encode(), since)
        if at != -1:
            return at + len(text)
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return -1
            if not chunk:
                return -1
            seen += chunk
    return -1

at = 0
failed = False
for text, keys in steps:
    at = wait_for(text, at)
    if at == -1:
        failed = True
        break
    time.sleep(0.15)  # let the prompt finish drawing before typing
    os.write(fd, keys.encode())

if failed:
    os.kill(pid, 9)
# Read what is left until the program exits (the pty closes).
while True:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    elif os.waitpid(pid, os.WNOHANG)[0]:
        break
sys.stdout.write(seen.decode('utf-8', errors='replace'))
sys.exit(1 if failed else 0)
