"""A minimal .docx writer, as Word structures its files, for the corpus's LibreOffice documents.

It writes what Word writes for the parts the chatbot must read: paragraphs and runs, tables
with header rows and borders (nested tables for two tables side by side), bullets as Word
numbers them (a list level whose lvlText is U+F0B7 in the Symbol font), headers and footers
with page fields. Only the standard library: the corpus must be rebuilt anywhere.
"""

import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

BULLET = "\uf0b7"  # what Word writes for its default bullet, in the Symbol font


def run(text, bold=False, size=None, font=None, color=None):
    props = ""
    if font:
        props += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size:
        props += f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs, style=None, bullet=False, align=None, space_after=None, keep=False, border_bottom=False):
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if keep:
        props += "<w:keepNext/>"
    if bullet:
        props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    if border_bottom:
        props += '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="404040"/></w:pBdr>'
    if space_after is not None:
        props += f'<w:spacing w:after="{space_after}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    body = "".join(r if r.startswith("<w:") else run(r) for r in runs)
    return f"<w:p><w:pPr>{props}</w:pPr>{body}</w:p>"


def cell(content, width, shade=None, span=1):
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    if isinstance(content, str) and not content.startswith("<w:"):
        content = para(content, space_after=0)
    if not content.endswith("</w:p>"):
        content += para(space_after=0)  # a cell ends with a paragraph, as Word requires
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def table(rows, widths, header=True, borders=True, shade="D9E2F3"):
    """rows: lists of cell texts (or ready cells); the first is the header row when header."""
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    tblb = "".join(border.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")) if borders else ""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{tblb}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for i, row in enumerate(rows):
        head = header and i == 0
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if head else ""
        cells = []
        for j, c in enumerate(row):
            if c.startswith("<w:tc>"):
                cells.append(c)
            elif head:
                cells.append(cell(para(run(c, bold=True), align="center", space_after=0), widths[j], shade))
            else:
                cells.append(cell(c, widths[j]))
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{BULLET}"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="400" w:hanging="400"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def styles(font_latin, font_east, size):
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font_latin}" w:hAnsi="{font_latin}" w:eastAsia="{font_east}" w:cs="{font_latin}"/>
<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/><w:lang w:val="ko-KR" w:eastAsia="ko-KR"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="80" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
<w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="{size * 2 + 6}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="16"/><w:color w:val="606060"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="16"/><w:color w:val="606060"/></w:rPr></w:style>
</w:styles>"""


def field(instr):
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def write(path, body, font_latin="Calibri", font_east="맑은 고딕", size=10, header=None, footer=None,
          margins=(1134, 1134, 1134, 1134)):
    """body: the paragraphs and tables; header/footer: paragraphs of the running header and footer."""
    rels = ['<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>']
    refs = ""
    parts = {}
    overrides = ""
    for kind, content in (("header", header), ("footer", footer)):
        if content is None:
            continue
        rid = f"rId{len(rels) + 1}"
        rels.append(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}1.xml"/>')
        refs += f'<w:{kind}Reference w:type="default" r:id="{rid}"/>'
        tag = "hdr" if kind == "header" else "ftr"
        parts[f"word/{kind}1.xml"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag} xmlns:w="{W}" xmlns:r="{R}">{content}</w:{tag}>'
        overrides += f'<Override PartName="/word/{kind}1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
    top, right, bottom, left = margins
    sect = (f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/>'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
                f"<w:body>{body}{sect}</w:body></w:document>")
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                     '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                     f"{overrides}</Types>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                 "</Relationships>")
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'{"".join(rels)}</Relationships>')
    # A fixed date for every entry, so that the same source gives the same file.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data):
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        add("[Content_Types].xml", content_types)
        add("_rels/.rels", root_rels)
        add("word/document.xml", document)
        add("word/_rels/document.xml.rels", doc_rels)
        add("word/styles.xml", styles(font_latin, font_east, size))
        add("word/numbering.xml", NUMBERING)
        for name, data in parts.items():
            add(name, data)
