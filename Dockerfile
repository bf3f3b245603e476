# A minimal image for CI systems other than GitHub Actions:
#   docker build -t booklet-checker . && docker run --rm -v "$PWD:/work" booklet-checker check booklet.pdf
FROM python:3.12-slim
WORKDIR /src
COPY pyproject.toml README.md CHANGELOG.md ./
COPY checker checker
COPY rules rules
COPY reports reports
RUN pip install --no-cache-dir . && rm -rf /src
RUN useradd --create-home --uid 1000 checker
USER checker
WORKDIR /work
ENTRYPOINT ["checker"]
CMD ["--help"]
