import os
import pathlib
import sys

# The suite expects English unless a test asks for a language (--lang, or its
# own environment): a developer's Japanese locale must not change the results.
for _variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
    if os.environ.get(_variable, "").lower().startswith("ja"):
        os.environ[_variable] = "C.UTF-8"

# The parse cache of every command the tests run (in process or as a subprocess)
# goes to a directory of this session, never the user's cache.
if not os.environ.get("CHECKER_TEST_KEEP_CACHE_DIR"):
    import atexit
    import shutil
    import tempfile

    os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CHECKER_CACHE_DIR"], True)

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_2020 = FIXTURES / "soumu-juten-shisaku-2020.txt"
PDF_2020 = FIXTURES / "soumu-juten-shisaku-2020.pdf"

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
