import { monthName } from '../../server/services/documents/format.ts';
import { IRS_AFR_INDEX } from '../../server/services/reference/afr.ts';

/**
 * The monthly AFR job, on the home page of those it concerns: a line of credit made in a month
 * whose IRS ruling is not on file cannot be checked (loc.rate-at-least-afr reports the missing
 * month as an error, never a pass), and the IRS publishes each month's ruling around the middle of
 * the month before. Administrators import rulings; attorneys draft the loans and are told whom to ask.
 */
export interface AfrMonthStatus {
  /** The firm's current month, YYYY-MM. */
  month: string;
  /** Months since 2015-01 through the current one with no ruling on file. */
  missing: string[];
  /** The next month, and whether it is on file (the ruling is usually out after mid-month). */
  next: { month: string; onFile: boolean };
  /** The firm's day of the month: after the 15th, next month's ruling is expected. */
  day: number;
}

export function AfrMonthNotice(props: { status: AfrMonthStatus; role: 'admin' | 'attorney' }) {
  const { month, missing, next, day } = props.status;
  const thisMonthMissing = missing.includes(month);
  const older = missing.filter((m) => m !== month);
  const nextExpected = !next.onFile && day > 15;
  if (!thisMonthMissing && older.length === 0 && !nextExpected) return null;
  const action =
    props.role === 'admin' ? (
      <a href="/admin/reference#afr-import">Import the ruling{thisMonthMissing && older.length ? 's' : ''}</a>
    ) : (
      <>An administrator imports it from the IRS’s page, <a href={IRS_AFR_INDEX}>{IRS_AFR_INDEX}</a>.</>
    );
  return (
    <div class="notice" role="status" id="afr-month">
      {thisMonthMissing ? (
        <p>
          <strong>The AFR for {monthName(month)} is not on file.</strong> A line of credit made this month cannot be checked against it until the IRS ruling for {monthName(month)} is imported. {action}
        </p>
      ) : nextExpected ? (
        <p>
          The IRS usually publishes {monthName(next.month)}’s rates around the middle of this month; import its ruling when it is out, so loans made next month can be checked. {action}
        </p>
      ) : null}
      {older.length > 0 && (
        <p class="small">
          {older.length} earlier month{older.length === 1 ? ' has' : 's have'} no ruling on file ({older.length > 6 ? `${older.slice(0, 6).join(', ')} …` : older.join(', ')}): loans made then cannot be checked.
          {!thisMonthMissing && !nextExpected ? <> {action}</> : null}
        </p>
      )}
    </div>
  );
}
