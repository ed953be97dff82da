"""A minimal .odt writer, as LibreOffice Writer structures its files, for the corpus's
LibreOffice .odt documents: paragraphs and headings, tables with a header row, bullet
lists, page-anchored text frames (written by the caller), a running header and footer.
Only the standard library: the corpus must be rebuilt anywhere."""

import zipfile
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3"')


def p(text, style="Body"):
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def h(text):
    return f'<text:h text:style-name="Head" text:outline-level="1">{escape(text)}</text:h>'


def bullets(*items):
    lis = "".join(f'<text:list-item><text:p text:style-name="Item">{escape(i)}</text:p></text:list-item>' for i in items)
    return f'<text:list text:style-name="Dots">{lis}</text:list>'


def table(name, widths, rows):
    cols = "".join(f'<table:table-column table:style-name="{name}.C{i}"/>' for i in range(len(widths)))
    out = [f'<table:table table:name="{name}" table:style-name="{name}">{cols}']
    for i, row in enumerate(rows):
        cells = "".join(f'<table:table-cell table:style-name="Cell" office:value-type="string">'
                        f'{p(c, "TH" if i == 0 else "TD")}</table:table-cell>' for c in row)
        if i == 0:
            out.append(f"<table:table-header-rows><table:table-row>{cells}</table:table-row></table:table-header-rows>")
        else:
            out.append(f"<table:table-row>{cells}</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def table_styles(name, widths):
    s = (f'<style:style style:name="{name}" style:family="table"><style:table-properties '
         f'style:width="{sum(widths)}mm" table:align="left" fo:margin-top="1mm" fo:margin-bottom="2mm"/></style:style>')
    for i, w in enumerate(widths):
        s += (f'<style:style style:name="{name}.C{i}" style:family="table-column">'
              f'<style:table-column-properties style:column-width="{w}mm"/></style:style>')
    return s



PAGE_NUMBER = '<text:page-number text:select-page="current">1</text:page-number>'
PAGE_COUNT = '<text:page-count>1</text:page-count>'


def write(path, body, header, footer, extra_styles="", left=20, right=20, font="NanumGothic", lang="ko", country="KR"):
    """body: paragraphs, headings, tables; header: the running header's text; footer: its XML
    (PAGE_NUMBER and PAGE_COUNT are fields); extra_styles: the tables' table_styles."""
    styles = f"""<?xml version="1.0" encoding="UTF-8"?>
    <office:document-styles {NS}>
    <office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"/></office:font-face-decls>
    <office:styles>
    <style:default-style style:family="paragraph"><style:text-properties style:font-name="{font}" style:font-name-asian="{font}"
     fo:font-size="10pt" style:font-size-asian="10pt" fo:language="{lang}" fo:country="{country}" style:language-asian="ko" style:country-asian="KR"/></style:default-style>
    <style:style style:name="Standard" style:family="paragraph"/>
    <style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>
     <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
    <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
     <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
    </office:styles>
    <office:automatic-styles>
    <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
     fo:margin-top="12mm" fo:margin-bottom="12mm" fo:margin-left="{left}mm" fo:margin-right="{right}mm"/>
     <style:header-style><style:header-footer-properties fo:min-height="6mm" fo:margin-bottom="5mm"/></style:header-style>
     <style:footer-style><style:header-footer-properties fo:min-height="6mm" fo:margin-top="5mm"/></style:footer-style>
    </style:page-layout>
    </office:automatic-styles>
    <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
    <style:header><text:p text:style-name="Header">{escape(header)}</text:p></style:header>
    <style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>
    </style:master-page></office:master-styles>
    </office:document-styles>"""

    content = f"""<?xml version="1.0" encoding="UTF-8"?>
    <office:document-content {NS}>
    <office:automatic-styles>
    <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="1.5mm" fo:line-height="135%"/></style:style>
    <style:style style:name="Name" style:family="paragraph"><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
    <style:style style:name="Role" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="4mm"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:color="#3465a4"/></style:style>
    <style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:margin-top="4mm" fo:margin-bottom="1.5mm" fo:border-bottom="0.5pt solid #3465a4" fo:padding-bottom="0.5mm" fo:keep-with-next="always"/>
     <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
    <style:style style:name="HeadPage" style:family="paragraph" style:parent-style-name="Head"><style:paragraph-properties fo:break-before="page" fo:margin-top="4mm" fo:margin-bottom="1.5mm" fo:border-bottom="0.5pt solid #3465a4" fo:padding-bottom="0.5mm"/>
     <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
    <style:style style:name="Item" style:family="paragraph" style:parent-style-name="Body"/>
    <style:style style:name="SideHead" style:family="paragraph"><style:paragraph-properties fo:margin-top="3mm" fo:margin-bottom="1mm"/>
     <style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
    <style:style style:name="Side" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.8mm"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
    <style:style style:name="TH" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
    <style:style style:name="TD" style:family="paragraph"><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
    <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="1mm" fo:border="0.5pt solid #808080"/></style:style>
    {extra_styles}
    <style:style style:name="Frame" style:family="graphic"><style:graphic-properties style:wrap="none" style:vertical-pos="from-top" style:horizontal-pos="from-left"
     style:vertical-rel="page" style:horizontal-rel="page" fo:background-color="#eef2f8" fo:padding="3mm" fo:border="none"/></style:style>
    </office:automatic-styles>
    <office:body><office:text>
    <text:list-style style:name="Dots"><text:list-level-style-bullet text:level="1" text:bullet-char="•">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-4mm" fo:margin-left="5mm"/></style:list-level-properties>
    </text:list-level-style-bullet></text:list-style>
    {body}
    </office:text></office:body></office:document-content>"""

    manifest = """<?xml version="1.0" encoding="UTF-8"?>
    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
    <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
    <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
    <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
    </manifest:manifest>"""

    with zipfile.ZipFile(path, "w") as z:
        def add(name, data, method=zipfile.ZIP_DEFLATED):
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, method)
        add("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)  # first and stored, as ODF requires
        add("META-INF/manifest.xml", manifest)
        add("content.xml", content)
        add("styles.xml", styles)
