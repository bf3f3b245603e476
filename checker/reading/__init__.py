"""Reading: files on disk to pages of positioned lines (text, PDF, PowerPoint, Word).

Office files: ``ooxml`` (the ZIP and its XML parts, under limits), ``pptx``
(with ``slide_order``), ``docx``, and ``office`` (the two readers as a plugin).

Nothing here knows what a booklet is: readers deliver lines with their page,
position and font size; deciding what a line *is* belongs to ``checker.booklet``.
"""
