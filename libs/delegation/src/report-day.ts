/** SQL for the day, in Vietnam, on which the report `report` (an alias of `reports`) was submitted: what deadline statuses compare with the due date. */
export const reportDay = (report: string) => `(${report}.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/** The same day as `YYYY-MM-DD` text, as the API sends it. */
export const reportedOn = (report: string) => `to_char(${reportDay(report)}, 'YYYY-MM-DD')`;
