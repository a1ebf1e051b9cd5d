//! One pass of the rental mail. It queues the agreement PDF of each new
//! contract, a receipt for each stored rental payment and a return notice
//! for each returned short-term rental. It also queues a reminder for each
//! installment whose reminder time has come and that rent received leaves
//! unpaid.
//!
//! Rental events happen at the terminals, often offline, so the server
//! learns of them when they sync. Each job's idempotency key names its
//! payment or installment, so a pass repeated after a crash, or run by two
//! servers at once, queues nothing twice. A pass reads every payment
//! without a queued receipt, so a payment that a sync stored is not missed.
//!
//! NOTE: each pass scans all payments, returns and active contracts for
//! rows without a job. That cost grows with the history, not with what
//! changed; a stored cursor would bound it.

use std::collections::HashSet;
use std::sync::Mutex;

use giggatek_domain::Money;
use giggatek_mail::jobs::{NewMail, enqueue};
use giggatek_mail::reminders::{queue_reminder, reminder_instant};
use giggatek_mail::templates::{
    Branding, MessageLinks, RentalAgreement, RentalPaymentReceipt, RentalReminder, RentalReturn, Templates,
};
use giggatek_mail::{EmailAddress, Recipient};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use super::agreement::{attach_pdf, build_agreement};
use super::config::RentalMailConfig;
use super::figures::receipt_figures;
use crate::db::Database;
use crate::db::rental_mail::{self, DueInstallment, PendingAgreement, PendingReceipt, PendingReturn};
use crate::db::shop_rentals;
use crate::db::shop_sql::with_pool;

/// The number of rows one query reads.
const PAGE: i64 = 200;
/// The maximum number of installments one pass reminds of.
const MAX_REMINDERS: i64 = 10_000;

/// The counts of mail one pass queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    pub agreements: usize,
    pub receipts: usize,
    pub returns: usize,
    pub reminders: usize,
}

/// The rental mail's templates, settings and database.
#[derive(Debug)]
pub struct RentalMail {
    db: Database,
    brand: Branding,
    templates: Templates,
    config: RentalMailConfig,
    /// Payments and installments already logged as not mailable, so each
    /// is logged once per process rather than on every pass.
    logged: Mutex<HashSet<String>>,
}

impl RentalMail {
    pub fn new(db: Database, config: RentalMailConfig) -> RentalMail {
        let brand = Branding {
            website_url: config.public_url.clone(),
            ..Branding::giggatek()
        };
        RentalMail {
            db,
            templates: Templates::new(brand.clone()),
            brand,
            config,
            logged: Mutex::new(HashSet::new()),
        }
    }

    pub fn config(&self) -> &RentalMailConfig {
        &self.config
    }

    /// Runs one pass as of `now`.
    ///
    /// # Errors
    ///
    /// Returns the first database error; what was queued before it stays
    /// queued.
    pub async fn run_pass(&self, now: Timestamp) -> anyhow::Result<PassReport> {
        let agreements = self.queue_agreements(now).await?;
        let receipts = self.queue_receipts(now).await?;
        let returns = self.queue_returns(now).await?;
        let reminders = self.queue_reminders(now).await?;
        Ok(PassReport {
            agreements,
            receipts,
            returns,
            reminders,
        })
    }

    async fn queue_receipts(&self, now: Timestamp) -> anyhow::Result<usize> {
        let mut queued = 0;
        let mut after_id = 0;
        loop {
            let page = rental_mail::pending_receipts(&self.db, after_id, PAGE).await?;
            for payment in &page {
                if let Some(mail) = self.receipt_mail(payment).await? {
                    self.enqueue(&mail, now).await?;
                    queued += 1;
                }
            }
            match next_page(page.last().map(|payment| payment.id), page.len()) {
                Some(last) => after_id = last,
                None => return Ok(queued),
            }
        }
    }

    async fn queue_agreements(&self, now: Timestamp) -> anyhow::Result<usize> {
        let mut queued = 0;
        let mut after_id = 0;
        loop {
            let page = rental_mail::pending_agreements(&self.db, after_id, PAGE).await?;
            for pending in &page {
                if let Some(mail) = self.agreement_mail(pending, now).await? {
                    self.enqueue(&mail, now).await?;
                    queued += 1;
                }
            }
            match next_page(page.last().map(|pending| pending.id), page.len()) {
                Some(last) => after_id = last,
                None => return Ok(queued),
            }
        }
    }

    /// Builds the agreement mail of a new contract with its PDF. Returns
    /// `None`, logged once, when the stored values cannot make one.
    async fn agreement_mail(&self, pending: &PendingAgreement, now: Timestamp) -> anyhow::Result<Option<NewMail>> {
        let Some(contract) = shop_rentals::find_by_id(&self.db, pending.id).await? else {
            return Ok(None);
        };
        let Some(recipient) = self.recipient(&pending.customer_name, &contract.customer_email, &pending.client_id)
        else {
            return Ok(None);
        };
        let installments = shop_rentals::installments(&self.db, pending.id).await?;
        let payments = shop_rentals::payments(&self.db, pending.id).await?;
        let today = now.to_zoned_datetime(self.config.schedule.zone.clone()).date();
        let agreement = match build_agreement(&self.brand, &contract, pending, &installments, &payments, today) {
            Ok(agreement) => agreement,
            Err(error) => {
                self.log_once(
                    &pending.client_id,
                    &format!("the agreement cannot be made ({error}); no mail is queued"),
                );
                return Ok(None);
            }
        };
        let data = RentalAgreement {
            customer_name: pending.customer_name.clone(),
            contract_number: contract.contract_number.clone(),
            item: contract.item.clone(),
            signed_on: agreement.contract_date.to_string(),
        };
        let rendered = self.templates.render(&data, &MessageLinks::default())?;
        let key = format!("rental-agreement:{}", pending.client_id);
        let mail = NewMail::new(recipient, rendered).idempotency_key(&key);
        Ok(Some(attach_pdf(mail, &agreement)?))
    }

    async fn queue_returns(&self, now: Timestamp) -> anyhow::Result<usize> {
        let mut queued = 0;
        let mut after_id = 0;
        loop {
            let page = rental_mail::pending_returns(&self.db, after_id, PAGE).await?;
            for returned in &page {
                if let Some(mail) = self.return_mail(returned)? {
                    self.enqueue(&mail, now).await?;
                    queued += 1;
                }
            }
            match next_page(page.last().map(|returned| returned.id), page.len()) {
                Some(last) => after_id = last,
                None => return Ok(queued),
            }
        }
    }

    /// Queues `mail` in a transaction of its own.
    async fn enqueue(&self, mail: &NewMail, now: Timestamp) -> anyhow::Result<()> {
        with_pool!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            enqueue(&mut tx, mail, now).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Builds the return notice of a short-term rental, with the late fee's
    /// daily rate and total as separate figures and the store-local time.
    fn return_mail(&self, returned: &PendingReturn) -> anyhow::Result<Option<NewMail>> {
        let Some(recipient) = self.recipient(
            &returned.customer_name,
            &returned.customer_email,
            &returned.return_client_id,
        ) else {
            return Ok(None);
        };
        let instant = Timestamp::from_second(returned.returned_at.unix_timestamp())?;
        let local = instant.to_zoned_datetime(self.config.schedule.zone.clone());
        let data = RentalReturn {
            customer_name: returned.customer_name.clone(),
            rental_number: returned.rental_number.clone(),
            item: returned.item.clone(),
            due_date: returned.due_date.clone(),
            returned_at: local.strftime("%Y-%m-%d %H:%M").to_string(),
            days_late: u32::try_from(returned.days_late)?,
            late_fee_per_day: Money::from_cents(returned.late_fee_per_day_cents),
            late_fee_total: Money::from_cents(returned.late_fee_cents),
            receipt_number: returned.receipt_number.clone(),
        };
        let rendered = self.templates.render(&data, &MessageLinks::default())?;
        let key = format!("rental-return:{}", returned.return_client_id);
        Ok(Some(NewMail::new(recipient, rendered).idempotency_key(&key)))
    }

    async fn receipt_mail(&self, payment: &PendingReceipt) -> anyhow::Result<Option<NewMail>> {
        let Some(recipient) = self.recipient(
            &payment.customer_name,
            &payment.customer_email,
            &payment.payment_client_id,
        ) else {
            return Ok(None);
        };
        let (schedule, payments) = rental_mail::contract_money(&self.db, payment.contract_id).await?;
        let Some(figures) = receipt_figures(
            &schedule,
            &payments,
            &payment.payment_client_id,
            payment.total_of_payments_cents,
            payment.kind == "buyout",
        ) else {
            self.log_once(
                &payment.payment_client_id,
                "the contract has no schedule; no receipt is mailed",
            );
            return Ok(None);
        };
        let data = RentalPaymentReceipt {
            customer_name: payment.customer_name.clone(),
            contract_number: payment.contract_number.clone(),
            item: payment.item.clone(),
            due_date: figures.due_date,
            paid_on: payment.business_date.clone(),
            amount_paid: Money::from_cents(payment.amount_cents),
            late_fee: Money::from_cents(payment.late_fee_cents),
            remaining_balance: Money::from_cents(figures.remaining_cents),
            next_due_date: figures.next_due_date,
        };
        let rendered = self.templates.render(&data, &MessageLinks::default())?;
        let key = format!("rental-payment:{}", payment.payment_client_id);
        Ok(Some(NewMail::new(recipient, rendered).idempotency_key(&key)))
    }

    async fn queue_reminders(&self, now: Timestamp) -> anyhow::Result<usize> {
        let schedule = &self.config.schedule;
        let today = now.to_zoned_datetime(schedule.zone.clone()).date();
        let last = today.checked_add(i64::from(schedule.rule.days_before).days())?;
        let due = rental_mail::due_installments(&self.db, &today.to_string(), &last.to_string(), MAX_REMINDERS).await?;
        let mut queued = 0;
        for installment in &due {
            if let Some(reminder) = self.reminder(installment, now)? {
                let (recipient, data, due_date) = reminder;
                let enqueued = with_pool!(&self.db, pool => {
                    let mut tx = pool.begin().await?;
                    let enqueued =
                        queue_reminder(&mut tx, &self.templates, &recipient, &data, due_date, schedule, now).await?;
                    tx.commit().await?;
                    enqueued
                });
                queued += usize::from(enqueued.is_some());
            }
        }
        Ok(queued)
    }

    /// Builds the reminder of `installment` when its time has come and rent
    /// received leaves some of it unpaid.
    fn reminder(
        &self,
        installment: &DueInstallment,
        now: Timestamp,
    ) -> anyhow::Result<Option<(Recipient, RentalReminder, Date)>> {
        let unpaid = installment
            .amount_cents
            .min(installment.through_cents - installment.rent_paid_cents);
        if unpaid <= 0 {
            return Ok(None);
        }
        let key = format!("{}:{}", installment.contract_number, installment.due_date);
        let Ok(due_date) = installment.due_date.parse::<Date>() else {
            self.log_once(&key, "the installment's due date is not a date; no reminder is mailed");
            return Ok(None);
        };
        if reminder_instant(due_date, self.config.schedule.rule, &self.config.schedule.zone)? > now {
            return Ok(None);
        }
        let Some(recipient) = self.recipient(&installment.customer_name, &installment.customer_email, &key) else {
            return Ok(None);
        };
        let data = RentalReminder {
            customer_name: installment.customer_name.clone(),
            contract_number: installment.contract_number.clone(),
            item: installment.item.clone(),
            due_date: installment.due_date.clone(),
            amount_due: Money::from_cents(unpaid),
            pay_url: format!("{}/rentals/{}", self.config.public_url, installment.contract_number),
        };
        Ok(Some((recipient, data, due_date)))
    }

    fn recipient(&self, name: &str, email: &str, subject: &str) -> Option<Recipient> {
        match EmailAddress::parse(email) {
            Ok(address) => Some(Recipient::new(name, address)),
            Err(error) => {
                self.log_once(
                    subject,
                    &format!("the customer's email cannot be mailed ({error}); no mail is queued"),
                );
                None
            }
        }
    }

    fn log_once(&self, subject: &str, message: &str) {
        let first = self
            .logged
            .lock()
            .map(|mut logged| logged.insert(subject.to_owned()))
            .unwrap_or(true);
        if first {
            tracing::warn!(subject, "rental mail: {message}");
        }
    }
}

/// Returns the cursor of the page after one of `len` rows ending at row
/// `last`, or `None` when that page was the last.
fn next_page(last: Option<i64>, len: usize) -> Option<i64> {
    last.filter(|_| i64::try_from(len).is_ok_and(|len| len == PAGE))
}
