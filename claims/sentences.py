"""Ranking an article's sentences by check-worthiness (the ranking step of ingestion)."""

from django.db import transaction

from .checkworthiness.model import score_documents
from .checkworthiness.split import sentence_spans
from .models import Article, ArticleSentence


@transaction.atomic
def article_sentences_rank(*, article: Article) -> list[ArticleSentence]:
    """Split the article's text into sentences, score them and store them in ranked order.

    Replaces the article's earlier sentences. Offsets point into ``article.text`` exactly; rank 1
    is the most check-worthy (ties keep reading order). Returns the new rows, ranked.
    """
    spans = sentence_spans(article.text)
    (scored,) = score_documents([[article.text[start:end] for start, end in spans]])
    order = sorted(range(len(spans)), key=lambda i: (-scored[i].score, spans[i][0]))
    rows = [
        ArticleSentence(article=article, start=spans[i][0], end=spans[i][1],
                        score=round(scored[i].score, 4), reason=scored[i].reason[:200], rank=rank)
        for rank, i in enumerate(order, start=1)
    ]
    ArticleSentence.objects.filter(article=article).delete()
    # Rows are built from validated spans of the saved text, so bulk_create skips full_clean.
    return ArticleSentence.objects.bulk_create(rows)
