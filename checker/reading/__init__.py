"""Reading: files on disk to pages of positioned lines (text, PDF; OOXML later).

Nothing here knows what a booklet is: readers deliver lines with their page,
position and font size; deciding what a line *is* belongs to ``checker.booklet``.
"""
