"""Guard for reading-speed work (not a test): the outputs of ``checker parse`` and
``checker check`` (JSON) of every fixture PDF, saved once and compared byte for byte.

    python tests/check_reading_identity.py save DIR     # before a change
    python tests/check_reading_identity.py compare DIR  # after it: exit 1 on any difference

Covers the committed PDFs (``fixtures/**/*.pdf``) and the layout samples the
tests draw (``tests/layout_samples.py``), read afresh (``--no-cache``), with one
worker and with one per core, so the page split cannot change a byte either.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _samples(directory: pathlib.Path) -> list[pathlib.Path]:
    import layout_samples

    made = []
    for name in ("form_only", "image_only", "vertical", "table", "gaps", "panels", "zero_width", "off_page", "turned_pages"):
        path = directory / f"sample-{name}.pdf"
        getattr(layout_samples, name)(path)
        made.append(path)
    return made


def _outputs(path: pathlib.Path, env: dict, cores: str) -> dict[str, bytes]:
    # One worker per usable core: ``taskset`` sets how many the reader starts.
    base = ["taskset", "-c", cores, sys.executable, "-m", "checker"]
    results = {}
    for command in ("parse", "check"):
        extra = ["--fail-on", "never"] if command == "check" else []
        done = subprocess.run([*base, command, "--format", "json", "--no-cache", "--lang", "en", *extra, str(path)],
                              capture_output=True, env=env, cwd=ROOT)
        results[command] = done.stdout + b"\n--stderr--\n" + done.stderr + f"\n--exit {done.returncode}\n".encode()
    return results


def main(argv: list[str]) -> int:
    import os

    mode, target = argv[0], pathlib.Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    differences = 0
    with tempfile.TemporaryDirectory() as scratch:
        pdfs = sorted((ROOT / "fixtures").rglob("*.pdf")) + _samples(pathlib.Path(scratch))
        env = dict(os.environ)
        every_core = f"0-{(os.cpu_count() or 2) - 1}"
        for workers, cores in (("1", "0"), ("all", every_core)):
            for pdf in pdfs:
                for command, output in _outputs(pdf, env, cores).items():
                    output = output.replace(str(pdf).encode(), pdf.name.encode())
                    folder = pdf.parent.name if pdf.is_relative_to(ROOT) else "samples"
                    name = target / f"{folder}--{pdf.name}.{command}.w{workers}.out"
                    if mode == "save":
                        name.write_bytes(output)
                    elif name.read_bytes() != output:
                        differences += 1
                        print(f"DIFFERENT: {name.name}")
                    print(f"{mode} {name.name} ({len(output)} bytes)", flush=True)
    print(f"{differences} difference(s)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
