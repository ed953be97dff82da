"""WordprocessingML as Word saves it, for the held-back half's .docx documents.

Standard library only. It writes what a Word user's résumé holds and what the chatbot must
read through LibreOffice's PDF: runs, paragraphs, tables whose cells span columns
(w:gridSpan) and rows (w:vMerge, as a photo box or a section label down the side does), list
levels as Word defines them (level 0 U+F0B7 in Symbol, level 1 U+F0A7 in Wingdings or "o" in
Courier New), and headers and footers with PAGE and NUMPAGES fields.
"""

import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def r(text, b=False, i=False, sz=None, font=None, color=None, caps=False, spacing=None):
    p = ""
    if font:
        p += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    if b:
        p += "<w:b/><w:bCs/>"
    if i:
        p += "<w:i/><w:iCs/>"
    if caps:
        p += "<w:caps/>"
    if color:
        p += f'<w:color w:val="{color}"/>'
    if spacing:
        p += f'<w:spacing w:val="{spacing}"/>'
    if sz:
        p += f'<w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/>'
    out = ""
    for k, line in enumerate(text.split("\n")):
        if k:
            out += "<w:br/>"
        out += f'<w:t xml:space="preserve">{escape(line)}</w:t>'
    return f'<w:r>{"<w:rPr>" + p + "</w:rPr>" if p else ""}{out}</w:r>'


def tab():
    return "<w:r><w:tab/></w:r>"


def field(instr, sz=None):
    rp = f'<w:rPr><w:sz w:val="{int(sz * 2)}"/></w:rPr>' if sz else ""
    return (f'<w:r>{rp}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rp}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{rp}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rp}<w:t>1</w:t></w:r><w:r>{rp}<w:fldChar w:fldCharType="end"/></w:r>')


def p(*runs, style=None, num=None, lvl=0, jc=None, after=None, before=None, bottom=None, shade=None, tabs=None, ind=None):
    """A paragraph; num is a w:numId (a list), lvl its level; bottom a border colour."""
    pp = ""
    if style:
        pp += f'<w:pStyle w:val="{style}"/>'
    if num:
        pp += f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>'
    if bottom:
        pp += f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="{bottom}"/></w:pBdr>'
    if shade:
        pp += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    if tabs:
        pp += "<w:tabs>" + "".join(f'<w:tab w:val="{v}" w:pos="{pos}"/>' for v, pos in tabs) + "</w:tabs>"
    if after is not None or before is not None:
        pp += f'<w:spacing w:before="{before or 0}" w:after="{after if after is not None else 80}"/>'
    if ind:
        pp += f'<w:ind w:left="{ind}"/>'
    if jc:
        pp += f'<w:jc w:val="{jc}"/>'
    return f'<w:p>{"<w:pPr>" + pp + "</w:pPr>" if pp else ""}{"".join(runs)}</w:p>'


class C:
    """A table cell: content (a string or a list of paragraphs), span columns, vmerge
    "restart" or "continue", fill a shading colour."""

    def __init__(self, content="", span=1, vmerge=None, fill=None, b=False, jc=None, sz=None, valign="center"):
        self.content, self.span, self.vmerge, self.fill = content, span, vmerge, fill
        self.b, self.jc, self.sz, self.valign = b, jc, sz, valign


def tbl(rows, widths, borders="single", header_rows=0, color="808080", indent=0):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    bd = ""
    if borders:
        bd = "<w:tblBorders>" + "".join(
            f'<w:{e} w:val="{borders}" w:sz="4" w:space="0" w:color="{color}"/>'
            for e in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
    else:
        bd = "<w:tblBorders>" + "".join(f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>{bd}'
           '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for k, row in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if k < header_rows else ""
        out.append(f"<w:tr>{trpr}")
        col = 0
        for c in row:
            if not isinstance(c, C):
                c = C(c)
            w = sum(widths[col:col + c.span])
            col += c.span
            tc = f'<w:tcW w:w="{w}" w:type="dxa"/>'
            if c.span > 1:
                tc += f'<w:gridSpan w:val="{c.span}"/>'
            if c.vmerge == "restart":
                tc += '<w:vMerge w:val="restart"/>'
            elif c.vmerge == "continue":
                tc += "<w:vMerge/>"
            if c.fill:
                tc += f'<w:shd w:val="clear" w:color="auto" w:fill="{c.fill}"/>'
            tc += f'<w:vAlign w:val="{c.valign}"/>'
            content = c.content
            if isinstance(content, str):
                content = [p(r(content, b=c.b, sz=c.sz), jc=c.jc, after=0)] if content or c.vmerge != "continue" else [p()]
            out.append(f"<w:tc><w:tcPr>{tc}</w:tcPr>{''.join(content) or p()}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def numbering(second="wingdings"):
    """numId 1: level 0 U+F0B7 in Symbol; level 1 U+F0A7 in Wingdings (second="wingdings")
    or "o" in Courier New (second="courier"). numId 2: decimal "1."."""
    lvl1 = ('<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0a7"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="1080" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/></w:rPr></w:lvl>')
    if second == "courier":
        lvl1 = ('<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/>'
                '<w:pPr><w:ind w:left="1080" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New" w:hint="default"/></w:rPr></w:lvl>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">'
            '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="440" w:hanging="300"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>'
            f'{lvl1}</w:abstractNum>'
            '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="440" w:hanging="300"/></w:pPr></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
            '</w:numbering>')


def styles(latin, east, size, lang="en-US"):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
            f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>'
            f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/><w:lang w:val="{lang}" w:eastAsia="ko-KR"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
            '<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr>'
            f'<w:rPr><w:b/><w:bCs/><w:sz w:val="{int(size * 2 + 6)}"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/>'
            '<w:pPr><w:spacing w:after="20"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>'
            '</w:styles>')


def write(path, body, latin="Calibri", east="맑은 고딕", size=10, header=None, footer=None, second="wingdings",
          margins=(1000, 1000, 1000, 1000), title="", lang="en-US"):
    """lang is the w:lang of Latin text; East Asian text is ko-KR, as a Korean Word writes it."""
    rels = ['<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>']
    refs = ""
    parts = {}
    if header:
        rels.append('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>')
        refs += '<w:headerReference w:type="default" r:id="rId3"/>'
        parts["word/header1.xml"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" xmlns:r="{R}">{header}</w:hdr>'
    if footer:
        rels.append('<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>')
        refs += '<w:footerReference w:type="default" r:id="rId4"/>'
        parts["word/footer1.xml"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W}" xmlns:r="{R}">{footer}</w:ftr>'
    t, rr, b, l = margins
    sect = (f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/>'
            f'<w:pgMar w:top="{t}" w:right="{rr}" w:bottom="{b}" w:left="{l}" w:header="500" w:footer="500" w:gutter="0"/></w:sectPr>')
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}">'
           f'<w:body>{"".join(body)}{sect}</w:body></w:document>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          + ('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' if header else "")
          + ('<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' if footer else "")
          + "</Types>")
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>user</dc:creator></cp:coreProperties>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", doc)
        z.writestr("word/styles.xml", styles(latin, east, size, lang))
        z.writestr("word/numbering.xml", numbering(second))
        z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
        z.writestr("docProps/core.xml", core)
        for name, data in parts.items():
            z.writestr(name, data)
