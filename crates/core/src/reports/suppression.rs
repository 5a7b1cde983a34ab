//! Small-cell suppression of a published table.
//!
//! A table is published with its row totals, its column totals and its
//! grand total: an `(r + 1) × (c + 1)` grid whose last column and last row
//! are the margins. Every row of the grid is an equation (its cells add up
//! to its total), and so is every column.
//!
//! 1. **Primary suppression**: a cell (margins included) with `0 < n < k`
//!    is suppressed.
//! 2. **Complementary suppression**: while some row or column of the grid
//!    holds exactly one suppressed entry, that entry could be recovered by
//!    subtracting the others from the total; another entry of the same line
//!    is suppressed — the smallest positive inner cell, else an inner zero,
//!    else the line's own total.
//!
//! When it stops, every row and every column of the grid holds either no
//! suppressed entry or at least two, so no suppressed value can be found by
//! subtraction along a row or a column — nor by a chain of such
//! subtractions, since none can start (the property test below plays the
//! attacker). Suppressed cells are published as suppressed, never as 0 or
//! blank.

use serde::Serialize;

/// The smallest count shown as it is, unless configured otherwise.
pub const DEFAULT_K: i64 = 5;
/// The smallest count shown in tables of GBV or trafficking.
pub const DEFAULT_SENSITIVE_K: i64 = 10;

/// A published count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// The count as it is.
    Value(i64),
    /// Too small to show, or hidden so that a small one cannot be worked out.
    Suppressed,
}

impl Cell {
    pub fn value(self) -> Option<i64> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed => None,
        }
    }

    pub fn is_suppressed(self) -> bool {
        self == Cell::Suppressed
    }
}

/// A table as published: inner cells, row totals, column totals, grand total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

/// Suppresses `values` (rows of equal length) for a threshold `k`.
pub fn suppress(values: &[Vec<i64>], k: i64) -> Published {
    let rows = values.len();
    let cols = values.iter().map(Vec::len).max().unwrap_or(0);
    // The grid with its margins.
    let mut grid = vec![vec![0i64; cols + 1]; rows + 1];
    for (i, row) in values.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            grid[i][j] = *v;
            grid[i][cols] += v;
            grid[rows][j] += v;
            grid[rows][cols] += v;
        }
    }
    let mut hidden: Vec<Vec<bool>> = grid.iter().map(|r| r.iter().map(|v| *v > 0 && *v < k).collect()).collect();
    // Lines: each row and each column of the grid, as the positions in it.
    let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
    for i in 0..=rows {
        lines.push((0..=cols).map(|j| (i, j)).collect());
    }
    for j in 0..=cols {
        lines.push((0..=rows).map(|i| (i, j)).collect());
    }
    loop {
        let mut changed = false;
        for line in &lines {
            if line.iter().filter(|(i, j)| hidden[*i][*j]).count() != 1 {
                continue;
            }
            if let Some((i, j)) = partner(line, &grid, &hidden, rows, cols) {
                hidden[i][j] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let cell = |i: usize, j: usize| if hidden[i][j] { Cell::Suppressed } else { Cell::Value(grid[i][j]) };
    Published {
        cells: (0..rows).map(|i| (0..cols).map(|j| cell(i, j)).collect()).collect(),
        row_totals: (0..rows).map(|i| cell(i, cols)).collect(),
        column_totals: (0..cols).map(|j| cell(rows, j)).collect(),
        total: cell(rows, cols),
    }
}

/// The entry of a line to hide beside its one hidden entry: the smallest
/// positive inner cell, else an inner zero, else the line's total.
fn partner(
    line: &[(usize, usize)],
    grid: &[Vec<i64>],
    hidden: &[Vec<bool>],
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let open = || line.iter().copied().filter(|(i, j)| !hidden[*i][*j]);
    let inner = |(i, j): &(usize, usize)| *i < rows && *j < cols;
    open()
        .filter(|p| inner(p) && grid[p.0][p.1] > 0)
        .min_by_key(|(i, j)| grid[*i][*j])
        .or_else(|| open().find(|p| inner(p)))
        .or_else(|| open().next())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The published grid with its margins, `None` where suppressed.
    fn grid(p: &Published) -> Vec<Vec<Option<i64>>> {
        let mut g: Vec<Vec<Option<i64>>> = p
            .cells
            .iter()
            .zip(&p.row_totals)
            .map(|(row, total)| row.iter().chain(std::iter::once(total)).map(|c| c.value()).collect())
            .collect();
        g.push(p.column_totals.iter().chain(std::iter::once(&p.total)).map(|c| c.value()).collect());
        g
    }

    /// The attacker: solves every row or column with one unknown, again and
    /// again; returns the suppressed positions she worked out.
    fn recovered(p: &Published) -> Vec<(usize, usize)> {
        let mut g = grid(p);
        let rows = g.len();
        let cols = g.first().map_or(0, Vec::len);
        let mut found = Vec::new();
        loop {
            let mut progress = false;
            let mut lines: Vec<Vec<(usize, usize)>> = (0..rows).map(|i| (0..cols).map(|j| (i, j)).collect()).collect();
            lines.extend((0..cols).map(|j| (0..rows).map(|i| (i, j)).collect()));
            for line in lines {
                let unknown: Vec<&(usize, usize)> = line.iter().filter(|(i, j)| g[*i][*j].is_none()).collect();
                // The last entry of a line is its total.
                if let ([&(ui, uj)], Some(&(ti, tj))) = (unknown.as_slice(), line.last()) {
                    let others: i64 =
                        line[..line.len() - 1].iter().filter(|p| **p != (ui, uj)).filter_map(|(i, j)| g[*i][*j]).sum();
                    let value = match g[ti][tj] {
                        Some(total) => total - others,
                        None => others,
                    };
                    g[ui][uj] = Some(value);
                    found.push((ui, uj));
                    progress = true;
                }
            }
            if !progress {
                return found;
            }
        }
    }

    #[test]
    fn a_small_cell_is_hidden_with_a_partner_in_its_row_and_column() {
        let values = vec![vec![20, 3, 15], vec![12, 9, 30], vec![7, 11, 8]];
        let p = suppress(&values, 5);
        assert_eq!(p.cells[0][1], Cell::Suppressed, "3 < 5");
        let hidden = |row: &Vec<Cell>| row.iter().filter(|c| c.is_suppressed()).count();
        assert!(hidden(&p.cells[0]) + usize::from(p.row_totals[0].is_suppressed()) >= 2);
        let column: Vec<Cell> = p.cells.iter().map(|r| r[1]).chain([p.column_totals[1]]).collect();
        assert!(column.iter().filter(|c| c.is_suppressed()).count() >= 2);
        assert!(recovered(&p).is_empty());
        // Nothing to hide: everything shown as it is, zeros too.
        let p = suppress(&[vec![0, 12], vec![40, 7]], 5);
        assert_eq!(p.cells, vec![vec![Cell::Value(0), Cell::Value(12)], vec![Cell::Value(40), Cell::Value(7)]]);
        assert_eq!(p.total, Cell::Value(59));
    }

    #[test]
    fn a_one_column_table_hides_the_total_with_the_cell() {
        let p = suppress(&[vec![2], vec![40]], 5);
        assert_eq!(p.cells[0][0], Cell::Suppressed);
        assert!(p.row_totals[0].is_suppressed(), "the row total is the cell");
        assert!(recovered(&p).is_empty(), "{p:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No suppressed value can be recovered by subtraction along any row or
        /// column, however many times; every small count is suppressed; nothing
        /// shown differs from the truth.
        #[test]
        fn no_suppressed_value_can_be_recovered(
            values in (1usize..7, 1usize..7).prop_flat_map(|(r, c)| {
                proptest::collection::vec(proptest::collection::vec(
                    prop_oneof![3 => 0i64..5, 2 => 0i64..60, 1 => 0i64..2000], c), r)
            }),
            k in 2i64..12,
        ) {
            let p = suppress(&values, k);
            let found = recovered(&p);
            prop_assert!(found.is_empty(), "recovered {:?} from {:?}", found, p);
            for (row, shown_row) in values.iter().zip(&p.cells) {
                for (&v, &shown_cell) in row.iter().zip(shown_row) {
                    match shown_cell {
                        Cell::Value(shown) => {
                            prop_assert_eq!(shown, v);
                            prop_assert!(v == 0 || v >= k, "a small count shown: {}", v);
                        }
                        Cell::Suppressed => {}
                    }
                }
            }
            for (i, t) in p.row_totals.iter().enumerate() {
                if let Cell::Value(shown) = t {
                    let truth: i64 = values[i].iter().sum();
                    prop_assert_eq!(*shown, truth);
                    prop_assert!(truth == 0 || truth >= k);
                }
            }
        }
    }
}
