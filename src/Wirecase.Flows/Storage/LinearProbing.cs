namespace Wirecase.Flows.Storage;

/// <summary>What <see cref="LinearProbing"/> must know of a table's slots: which are empty and where each belongs.</summary>
internal interface ISlotRules<TSlot>
{
    bool IsEmpty(in TSlot slot);

    /// <summary>The index the slot's key hashes to (where its probe run starts).</summary>
    int Home(in TSlot slot);
}

/// <summary>
/// The two operations shared by the open-addressing tables (linear probing in a power-of-two array of structs, managed or not) that
/// are not a plain walk along a probe run: removing without tombstones and moving everything to a larger array. The
/// rules come as a struct type argument, so each table gets code specialised for its slots.
/// </summary>
internal static class LinearProbing
{
    /// <summary>Empties slot <paramref name="i"/> without leaving a tombstone: each following entry, up to the next
    /// empty slot, moves back into the hole when the hole lies between its home and where it is.</summary>
    public static void RemoveAt<TSlot, TRules>(Span<TSlot> slots, int i, TRules rules) where TRules : struct, ISlotRules<TSlot>
    {
        int mask = slots.Length - 1;
        for (int j = (i + 1) & mask; !rules.IsEmpty(slots[j]); j = (j + 1) & mask)
        {
            if (((j - rules.Home(slots[j])) & mask) >= ((j - i) & mask))
            {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = default!;
    }

    /// <summary>Places every entry of <paramref name="old"/> in <paramref name="grown"/> (empty and larger; the rules'
    /// homes are for it).</summary>
    public static void Reinsert<TSlot, TRules>(ReadOnlySpan<TSlot> old, Span<TSlot> grown, TRules rules) where TRules : struct, ISlotRules<TSlot>
    {
        int mask = grown.Length - 1;
        foreach (var slot in old)
        {
            if (rules.IsEmpty(slot)) continue;
            int i = rules.Home(slot);
            while (!rules.IsEmpty(grown[i])) i = (i + 1) & mask;
            grown[i] = slot;
        }
    }
}
