.\" A book and paper conservator's résumé in prose, typeset with groff -mm and
.\" turned into PDF by Ghostscript's ps2pdf (../make.sh). Justified, hyphenated.
.nr Hy 1
.nr Pt 0
.nr Ps 0.6
.nr Hb 2
.nr Hs 2
.nr Hps1 0.4v
.nr Hps2 0.4v
.ds HF 3 3 3
.ds HP +2 +1
.S 11 14
.ce 2
\s+8\fBTobias Wren-Mallory\fP\s0
\s-1Book and Paper Conservator \(em Edinburgh, Scotland \(em tobias.wm@example.org.uk \(em 07700 900 652\s0
.sp 0.6
.HU "About me"
.P
I am an accredited book and paper conservator with fourteen years of bench and
project experience, most of it in national and university collections in Scotland and the
Netherlands. My work is mostly hands-on treatment of bound volumes, maps and architectural
drawings, and I also plan the conservation side of exhibitions and digitisation
programmes. I became an accredited member of the Institute of Conservation (ICON) in 2016.
.HU "Where I have worked"
.P
Since August 2019 I have been Senior Conservator at the Caledonian Library of Records in
Edinburgh, where I lead a studio of four conservators and two trainees. I set the
treatment priorities for a collection of about 2.3 million items, and I ran the
conservation survey of the Leith harbour plans, 1,860 drawings on linen and tracing paper,
which finished in March 2022 three months early. I also wrote the library's emergency
salvage plan and trained sixty colleagues to carry it out.
.P
From 2014 to 2019 I worked as a Book Conservator at the Hendrikszoon University Library in
Leiden. There I treated early printed books from the fifteenth and sixteenth centuries,
re-sewed and re-backed more than 140 volumes, and took part in a project that moved
the special collections into a new store with stable humidity. I learned my Dutch there
and now speak it at a good working level.
.P
Before that, between 2011 and 2014, I was an Assistant Conservator at Threadneedle
Bindery, a small private bindery in York, doing repairs for parish archives and private
clients. It taught me to quote for work and to keep to a price.
.HU "Training and education"
.P
I hold an MA in Conservation of Historic Paper from the Northbridge Institute of Art, which I
finished in 2011 with distinction; my dissertation looked at iron gall ink corrosion in
merchants' letter books. My first degree is a BA in History of Art from the University
of St Andrews (2009, upper second). In 2018 I completed a two-week course in Japanese
paper repair techniques in Kyoto.
.HU "Skills"
.P
Leaf casting, lining with wheat starch paste and Japanese tissues, humidification and
flattening of large-format drawings, solvent-set tissues, parchment repair, box and
enclosure design, condition reporting to loan standards, and writing treatment records
in the collection management system. I am a qualified first aider and hold a forklift
licence from the Leith store move.
.HU "Other things"
.P
I teach an evening class in bookbinding for beginners at a community centre in Portobello
twice a month. I sing tenor in a chamber choir, and I keep bees on an allotment in
Duddingston.
