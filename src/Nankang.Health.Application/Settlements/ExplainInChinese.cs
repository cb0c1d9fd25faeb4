using Mediator;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The same settlement views with each line's explanation in Chinese (<see cref="ChineseExplanations"/>), for callers that
/// ask for Chinese. Lines built from the engine's result carry their figures; for views read back from the ledger the
/// figures are re-derived from the stored settlement (<see cref="StoredFigures"/>). A line whose figures cannot be had
/// keeps its English explanation. Nothing else in the view changes.
/// </summary>
public sealed record ExplainInChinese(IReadOnlyList<SettlementView> Views) : IRequest<IReadOnlyList<SettlementView>>;

public sealed class ExplainInChineseHandler(IHealthStore store, PolicySet policies) : IRequestHandler<ExplainInChinese, IReadOnlyList<SettlementView>>
{
    public async ValueTask<IReadOnlyList<SettlementView>> Handle(ExplainInChinese request, CancellationToken cancellationToken)
    {
        var stored = request.Views
            .Where(v => v.SettlementId is not null && v.Lines.Any(l => l.Figures is null))
            .Select(v => v.SettlementId!)
            .ToList();
        var rows = stored.Count == 0
            ? []
            : await store.Settlements.AsNoTracking().Where(s => stored.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

        return [.. request.Views.Select(view =>
        {
            var recomputed = view.SettlementId is { } id && rows.TryGetValue(id, out var row) ? StoredFigures.Recompute(row, policies) : null;
            return view with { Lines = [.. view.Lines.Select((line, i) => Explain(line, recomputed?.Line(Funds.All[i])))] };
        })];
    }

    private static LineView Explain(LineView line, LineFigures? recomputed) =>
        (line.Figures ?? recomputed) is { } figures ? line with { Explanation = ChineseExplanations.Render(figures) } : line;
}
