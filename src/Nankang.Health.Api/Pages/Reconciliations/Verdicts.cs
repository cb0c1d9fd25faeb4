namespace Nankang.Health.Api.Pages.Reconciliations;

/// <summary>A reconciliation's verdict in Chinese.</summary>
public static class Verdicts
{
    public static string Of(string verdict) => verdict switch
    {
        "Agreed" => "一致",
        "TotalsDiffer" => "总账不符",
        "DetailDiffers" => "明细不符",
        "TotalsAndDetailDiffer" => "总账和明细均不符",
        _ => verdict,
    };
}
