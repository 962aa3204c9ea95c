"""Mail: `outbox` queues a rendered message with its headers; `delivery` (run by the worker)
claims, sends over SMTP and retries; `views` are the demo mailbox and the failed-mail list."""
