"""The supervisors' "Bildirimler" page: the SMS outbox with its reasons, retry and cancel."""
