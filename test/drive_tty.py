"""Drive a command through a real pseudo-terminal: wait for each prompt, then type.

usage: python3 drive_tty.py SPEC.json
SPEC = {"argv": [...], "cwd": "...", "env": {...}, "steps": [[regex, [key, key, ...]], ...], "cols": 80}
Each step waits until `regex` appears in output not yet matched, then sends each key
(a key may be an escape sequence such as "\\u001b[B", the down arrow). Prints
{"code": exit code or -1, "screen": all output, "waiting_for": regex when it timed out}.
"""
import json, os, pty, re, select, sys, time

spec = json.load(open(sys.argv[1]))
pid, fd = pty.fork()
if pid == 0:
    if "cols" in spec:  # the terminal's size, as a window of that width would set it
        import fcntl, struct, termios
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", spec.get("rows", 40), spec["cols"], 0, 0))
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

screen = ""
seen = 0  # output before this offset has been matched already


def pump(timeout):
    """Read what is available within `timeout` seconds; False at end of output."""
    global screen
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    screen += chunk.decode("utf8", "replace")
    return True


def finish(result):
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0)


for pattern, keys in spec["steps"]:
    deadline = time.time() + 20
    while True:
        m = re.search(pattern, screen[seen:])
        if m:
            seen += m.end()
            break
        if time.time() > deadline or not pump(0.05):
            os.kill(pid, 9)
            finish({"code": -1, "screen": screen, "waiting_for": pattern})
    for key in keys:
        os.write(fd, key.encode("utf8"))
        time.sleep(0.05)

deadline = time.time() + 20
while time.time() < deadline and pump(0.1):
    pass
_, status = os.waitpid(pid, 0)
finish({"code": os.waitstatus_to_exitcode(status), "screen": screen})
