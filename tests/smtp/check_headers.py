"""Parses a raw message with Python's RFC 5322 header parser and prints
JSON: each address header's addresses (display name and address) and the
defects the parser found in every header.

Usage: python3 check_headers.py MESSAGE.eml
"""

import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as file:
    message = BytesParser(policy=policy.default).parse(file)

report = {"addresses": {}, "defects": {}}
for name in ("From", "To"):
    header = message[name]
    report["addresses"][name] = [
        {"display_name": address.display_name, "addr_spec": address.addr_spec} for address in header.addresses
    ]
for name, value in message.items():
    defects = [type(defect).__name__ for defect in getattr(value, "defects", [])]
    if defects:
        report["defects"][name] = defects
report["defects"]["message"] = [type(defect).__name__ for defect in message.defects]
print(json.dumps(report))
