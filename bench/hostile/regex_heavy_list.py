#!/usr/bin/env python3
"""Writes a hostile filter list of regex filters and a matching request file,
for measuring how the host bounds regex-heavy lists (docs/BENCHMARKS.md,
"Regex-heavy lists").

  regex_heavy_list.py OUT_DIR [COUNT]

OUT_DIR/regex-mixed.txt   COUNT regexes (default 100,000), a quarter each:
                          no token at all, a rare token, only bad tokens
                          (https), a bad token and $script
OUT_DIR/regex-shared.txt  COUNT/20 regexes that all share the token
                          "collect", which every request below carries
OUT_DIR/requests-shared.jsonl  50 requests for `sauatty-host match`
"""
import json
import os
import random
import sys


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    mixed = ["[Adblock Plus 2.0]", "! Title: regex-heavy (generated)"]
    for i in range(count):
        n = rng.randint(100, 99999)
        mixed.append([r"/[a-z]+%d[0-9a-f]{8}/",
                      r"/\/ad%d_banner\//",
                      r"/^https?:\/\/[^\/]+\/(tr|tk)%d\d+/",
                      r"/\w{3,}\.js\?v=%d/$script"][i % 4] % n)
    with open(os.path.join(out, "regex-mixed.txt"), "w") as f:
        f.write("\n".join(mixed) + "\n")
    shared = ["[Adblock Plus 2.0]"] + [r"/\/collect\/[a-z]*%d[0-9]+q/" % i
                                       for i in range(count // 20)]
    with open(os.path.join(out, "regex-shared.txt"), "w") as f:
        f.write("\n".join(shared) + "\n")
    with open(os.path.join(out, "requests-shared.jsonl"), "w") as f:
        for i in range(50):
            f.write(json.dumps({"url": "https://t%d.example.net/collect/abc%d?x=%d" % (i, i * 7919, i),
                                "page": "https://news.example.kz/a", "type": "image"}) + "\n")


if __name__ == "__main__":
    main()
