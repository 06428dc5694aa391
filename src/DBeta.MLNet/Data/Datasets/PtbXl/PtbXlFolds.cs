namespace DBeta.MLNet;

/// <summary>
/// PTB-XL's stratified folds (<c>strat_fold</c> 1-10) as its recommended split uses them: folds 1-8 train, 9
/// validation, 10 test (folds 9 and 10 hold only human-validated labels). Use with <see cref="PtbXlOptions.Folds"/>.
/// </summary>
public static class PtbXlFolds
{
    /// <summary>Folds 1 to 10: the whole database.</summary>
    public static IReadOnlyList<int> All { get; } = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    /// <summary>Folds 1 to 8, the training split.</summary>
    public static IReadOnlyList<int> Train { get; } = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>Fold 9, the validation split.</summary>
    public static IReadOnlyList<int> Validation { get; } = [9];

    /// <summary>Fold 10, the test split.</summary>
    public static IReadOnlyList<int> Test { get; } = [10];
}
