import os
import pathlib
import sys

# The suite expects English unless a test asks for a language (--lang, or its
# own environment): a developer's Japanese locale must not change the results.
for _variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
    if os.environ.get(_variable, "").lower().startswith("ja"):
        os.environ[_variable] = "C.UTF-8"

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_2020 = FIXTURES / "soumu-juten-shisaku-2020.txt"
PDF_2020 = FIXTURES / "soumu-juten-shisaku-2020.pdf"

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
