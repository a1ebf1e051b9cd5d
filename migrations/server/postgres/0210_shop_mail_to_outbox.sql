-- The shop now queues its mail in the mail outbox (mail_jobs, from 0100),
-- in the transaction of the event that causes it. shop_mail_jobs was a
-- placeholder that no worker ever read or sent; its rows held raw
-- password-reset tokens, so it goes rather than being kept.
DROP TABLE IF EXISTS shop_mail_jobs;
