"""What the tests share: a script's printed output, and small files written into a temporary folder."""
import contextlib
import io
import json
import os
import tarfile


def printed(function, *args, **kwargs):
    """What function(*args, **kwargs) prints to stdout."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        function(*args, **kwargs)
    return out.getvalue()


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(value, f)


def write_jsonl(path, records):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def write_tar_xz(path, members):
    """A .tar.xz at path holding members {name: JSON value}, each as a file of its JSON text."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tarfile.open(path, "w:xz") as tar:
        for name, value in members.items():
            data = json.dumps(value).encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def table_row(text, *first_cells):
    """The cells of the markdown table row of text whose first cells are first_cells; AssertionError without one."""
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[:len(first_cells)] == [str(c) for c in first_cells]:
                return cells
    raise AssertionError("no row starting with %s in:\n%s" % (list(first_cells), text))


def section(text, heading):
    """The lines of text from the line starting with heading to the next markdown heading of any level."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start:end])
