# Checks a PDF for the PDF/A-3a rules a reader can test without veraPDF (which no registry
# here offers): qpdf's syntax check (through pikepdf), the version, the XMP identification,
# no encryption, the file identifier, the sRGB output intent, the tags (marked, a structure
# tree, the language, every figure with alternative text), every font embedded, and every
# embedded file an associated file with its relationship, MIME type and date.
# Reads the PDF on stdin; prints JSON: the problems found, the structure types in reading
# order, each embedded file's SHA-512, and the text of `fall.json`.
import hashlib
import io
import json
import sys

import pikepdf

pdf = pikepdf.open(io.BytesIO(sys.stdin.buffer.read()))
problems = [f"qpdf: {p}" for p in pdf.check_pdf_syntax()]
root = pdf.Root


def need(condition, problem):
    if not condition:
        problems.append(problem)


need(pdf.pdf_version == "1.7", f"version {pdf.pdf_version}, PDF/A-3 is based on 1.7")
need(not pdf.is_encrypted, "encrypted")
need("/ID" in pdf.trailer, "no file identifier")
with pdf.open_metadata() as xmp:
    need(xmp.get("pdfaid:part") == "3", f"pdfaid:part {xmp.get('pdfaid:part')}")
    need(xmp.get("pdfaid:conformance") == "A", f"pdfaid:conformance {xmp.get('pdfaid:conformance')}")
intents = root.get("/OutputIntents", [])
need(any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents),
     "no PDF/A output intent with an ICC profile")
need(root.get("/MarkInfo", {}).get("/Marked") is True, "not marked as tagged")
need(str(root.get("/Lang", "")) == "de", "no document language")
need("/StructTreeRoot" in root, "no structure tree")

structure = []


def walk(node):
    if isinstance(node, pikepdf.Array):
        for child in node:
            walk(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        kind = str(node.S)[1:]
        structure.append(kind)
        if kind == "Figure":
            need(str(node.get("/Alt", "")).strip() != "", "a figure without alternative text")
        walk(node.get("/K", pikepdf.Array()))


walk(root.StructTreeRoot.get("/K", pikepdf.Array()))

for number, page in enumerate(pdf.pages, 1):
    for name, font in page.Resources.get("/Font", {}).items():
        described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor", {})
        need(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
             f"page {number}: font {font.get('/BaseFont')} not embedded")

associated = {str(spec.get("/UF", spec.get("/F"))) for spec in root.get("/AF", [])}
digests = {}
case_json = None
for name, attached in pdf.attachments.items():
    spec = attached.obj
    need(name in associated, f"{name} is not an associated file of the document")
    need("/AFRelationship" in spec, f"{name} has no relationship")
    stream = spec.EF.F
    need("/Subtype" in stream, f"{name} has no MIME type")
    need("/ModDate" in stream.get("/Params", {}), f"{name} has no modification date")
    data = stream.read_bytes()
    digests[name] = hashlib.sha512(data).hexdigest()
    if name == "fall.json":
        case_json = data.decode("utf-8")

print(json.dumps({"problems": problems, "structure": structure, "sha512": digests,
                  "case": case_json, "pages": len(pdf.pages)}))
