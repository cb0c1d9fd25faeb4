using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Statements;

/// <summary>A count of ledger entries and their signed amount on one payment line.</summary>
public sealed record StatementCell(int Count, Money Amount);

/// <summary>
/// One payment line of a payee's month: settlements, reversals (voids) and adjustments booked in the month, and the net
/// the fund owes (their sum). Counts are entries with a non-zero amount on the line.
/// </summary>
public sealed record StatementLineView(string Line, string FundCode, StatementCell Settlements, StatementCell Reversals, StatementCell Adjustments, Money Net);

/// <summary>A payee of the month: a hospital (the six payment lines), or <c>households</c> (the allowances paid directly).</summary>
public sealed record PayeeStatementView(string Payee, string PayeeName, IReadOnlyList<StatementLineView> Lines, Money Net);

/// <summary>
/// The monthly statement: what each fund owes each payee for the entries booked in the month (China Standard Time).
/// <c>status</c> is <c>Open</c> (computed from the ledger now) or <c>Closed</c> (frozen when the bureau closed it).
/// </summary>
public sealed record StatementView(
    string Month,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    string Status,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<PayeeStatementView> Payees,
    IReadOnlyList<StatementLineView> Totals,
    Money Net);
