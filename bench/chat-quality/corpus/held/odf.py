"""Flat ODF text (.fodt) as LibreOffice Writer saves it, for the held-back half's
LibreOffice documents: paragraphs, tables with header rows and spanned cells, text frames,
page styles with a header and footer holding page-number fields. Standard library only."""

from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')


def para(content, style="Body"):
    """content: a string, or a list of strings and (text, span-style) pairs."""
    if isinstance(content, str):
        content = [content]
    inner = "".join(escape(c) if isinstance(c, str) else f'<text:span text:style-name="{c[1]}">{escape(c[0])}</text:span>'
                    for c in content)
    return f'<text:p text:style-name="{style}">{inner}</text:p>'


def cell(content, style="Cell", pstyle="CellP", span=1):
    paras = content if isinstance(content, list) and content and content[0].startswith("<text:") else [para(content, pstyle)]
    sp = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    return (f'<table:table-cell table:style-name="{style}" office:value-type="string"{sp}>{"".join(paras)}</table:table-cell>'
            + "<table:covered-table-cell/>" * (span - 1))


def table(name, widths, rows, header=True, label_col=False):
    """rows: lists of strings or ready cells; the first row is a repeated header row."""
    out = [f'<table:table table:name="{name}" table:style-name="{name}">']
    out += [f'<table:table-column table:style-name="{name}.C{i}"/>' for i in range(len(widths))]
    for k, row in enumerate(rows):
        head = header and k == 0
        if head:
            out.append("<table:table-header-rows>")
        out.append("<table:table-row>")
        for j, c in enumerate(row):
            if isinstance(c, str) and c.startswith("<table:"):
                out.append(c)
            elif head or (label_col and j % 2 == 0):
                out.append(cell(c, "Head", "HeadP"))
            else:
                out.append(cell(c))
        out.append("</table:table-row>")
        if head:
            out.append("</table:table-header-rows>")
    out.append("</table:table>")
    return "".join(out)


def table_styles(name, widths):
    s = (f'<style:style style:name="{name}" style:family="table"><style:table-properties style:width="{sum(widths):.2f}cm" '
         'table:align="left" fo:margin-top="0.1cm" fo:margin-bottom="0.25cm"/></style:style>')
    for i, w in enumerate(widths):
        s += (f'<style:style style:name="{name}.C{i}" style:family="table-column">'
              f'<style:table-column-properties style:column-width="{w}cm"/></style:style>')
    return s


def document(body, automatic="", styles="", master="", title=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f'<office:meta><dc:title>{escape(title)}</dc:title><meta:generator>LibreOffice/7.4</meta:generator></office:meta>'
            f'<office:styles>{styles}</office:styles>'
            f'<office:automatic-styles>{automatic}</office:automatic-styles>'
            f'<office:master-styles>{master}</office:master-styles>'
            f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>\n')
