//! Rental reminders queued at 09:00 New York time across daylight saving
//! changes, and cancelled once paid.

use giggatek_domain::Money;
use giggatek_mail::jobs::{Enqueued, JobStatus, SqliteMailStore};
use giggatek_mail::reminders::{ReminderRule, ReminderSchedule, cancel_reminder, queue_reminder};
use giggatek_mail::templates::RentalReminder;
use jiff::Timestamp;
use jiff::civil::{Date, date, time};
use jiff::tz::TimeZone;

use crate::support::{recipient, sqlite_pool, templates};

fn reminder(due_date: Date) -> RentalReminder {
    RentalReminder {
        customer_name: "Baker's Rentals: North".to_string(),
        contract_number: "R-000042".to_string(),
        item: "Dell XPS 15 laptop".to_string(),
        due_date: due_date.to_string(),
        amount_due: Money::from_cents(4_500),
        pay_url: "https://shop.giggatek.example/rentals/R-000042/pay".to_string(),
    }
}

fn nine_in_new_york() -> ReminderSchedule {
    ReminderSchedule {
        rule: ReminderRule {
            send_time: time(9, 0, 0, 0),
            days_before: 0,
        },
        zone: TimeZone::get("America/New_York").unwrap(),
    }
}

#[tokio::test]
async fn weekly_reminders_queue_at_nine_local() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let schedule = nine_in_new_york();
    let now: Timestamp = "2026-10-20T12:00:00Z".parse().unwrap();
    let who = recipient("Baker's Rentals: North", "north@example.org");
    let cases = [
        (date(2026, 10, 29), "2026-10-29T13:00:00.000000Z"),
        (date(2026, 11, 5), "2026-11-05T14:00:00.000000Z"),
        (date(2027, 3, 11), "2027-03-11T14:00:00.000000Z"),
        (date(2027, 3, 18), "2027-03-18T13:00:00.000000Z"),
    ];

    let mut tx = pool.begin().await.unwrap();
    let mut jobs = Vec::new();
    for (due_date, _) in cases {
        let queued = queue_reminder(
            &mut tx,
            &templates(),
            &who,
            &reminder(due_date),
            due_date,
            &schedule,
            now,
        )
        .await
        .unwrap()
        .unwrap();
        jobs.push(queued.id());
    }
    let repeated = queue_reminder(
        &mut tx,
        &templates(),
        &who,
        &reminder(cases[0].0),
        cases[0].0,
        &schedule,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(repeated, Some(Enqueued::Existing(jobs[0])));

    for (job, (due_date, expected)) in jobs.iter().zip(cases) {
        let stored = store.job(*job).await.unwrap().unwrap();
        assert_eq!(stored.next_attempt_at, expected, "due {due_date}");
        assert_eq!(stored.subject, format!("Rental payment due {due_date}"));
    }

    // Paying the 2026-11-05 installment early cancels its reminder.
    assert!(
        cancel_reminder(&store, "R-000042", date(2026, 11, 5), now)
            .await
            .unwrap()
    );
    assert_eq!(store.job(jobs[1]).await.unwrap().unwrap().status, JobStatus::Cancelled);
    assert!(
        !cancel_reminder(&store, "R-000042", date(2026, 11, 5), now)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn past_due_date_queues_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let schedule = nine_in_new_york();
    let who = recipient("A", "a@example.com");
    // 10:00 local on the due date: the reminder is late but still useful.
    let due_day: Timestamp = "2026-11-05T15:00:00Z".parse().unwrap();
    let day_after: Timestamp = "2026-11-06T15:00:00Z".parse().unwrap();
    let due = date(2026, 11, 5);

    let mut tx = pool.begin().await.unwrap();
    let late = queue_reminder(&mut tx, &templates(), &who, &reminder(due), due, &schedule, due_day)
        .await
        .unwrap();
    let other = date(2026, 11, 4);
    let missed = queue_reminder(
        &mut tx,
        &templates(),
        &who,
        &reminder(other),
        other,
        &schedule,
        day_after,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let job = SqliteMailStore::new(pool)
        .job(late.unwrap().id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.next_attempt_at, "2026-11-05T15:00:00.000000Z");
    assert_eq!(missed, None);
}
