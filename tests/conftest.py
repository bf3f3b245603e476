import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_2020 = FIXTURES / "soumu-juten-shisaku-2020.txt"
PDF_2020 = FIXTURES / "soumu-juten-shisaku-2020.pdf"

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
