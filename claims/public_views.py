"""Public pages readers see without logging in: verdict pages, article reports and
archived text.

Every view here is wrapped with ``public_page`` (cached for anonymous readers,
answers conditional GETs) and shows only what a published or retracted verdict
makes public: never drafts, internal evidence, notes or raw archived bodies.
"""
