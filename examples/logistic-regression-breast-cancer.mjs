// Logistic regression on the Wisconsin breast cancer data: a stratified 75/25 split, features
// standardised on the training part, d.models.LogisticRegression (trained by descent's L-BFGS,
// L2 penalty as scikit-learn's C = 1), then the test accuracy, a confusion matrix, and the
// features that push a diagnosis most strongly one way or the other.
//
//   node examples/logistic-regression-breast-cancer.mjs
import * as d from 'descent-ml';
import { breastCancer } from 'descent-ml/datasets';

const { x, y, featureNames, targetNames } = breastCancer();
const { xTrain, xTest, yTrain, yTest } = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new d.data.StandardScaler().fit(xTrain);
const [train, test] = [scaler.transform(xTrain), scaler.transform(xTest)];

const model = new d.models.LogisticRegression().fit(train, yTrain);
console.log(`trained for ${model.history.epochs} epochs (${model.history.stopReason}), final loss ${model.history.loss.at(-1).toFixed(4)}`);
console.log(`test accuracy: ${(100 * model.score(test, yTest)).toFixed(1)}%  (scikit-learn 1.2's LogisticRegression, C = 1, on this same split: 97.9%)\n`);

// Confusion matrix: rows are the truth, columns the prediction.
const predicted = model.predict(test);
const counts = [[0, 0], [0, 0]];
yTest.forEach((truth, i) => counts[truth][predicted[i]]++);
console.log(`${''.padEnd(20)}predicted ${targetNames[0]}  predicted ${targetNames[1]}`);
counts.forEach((row, i) => console.log(`actually ${targetNames[i].padEnd(11)}${String(row[0]).padStart(19)}${String(row[1]).padStart(18)}`));

// The weights on the (standardised) features are comparable: positive pushes towards "benign".
const [coef] = model.coef;
const ranked = featureNames.map((name, j) => ({ name, w: coef[j] })).sort((a, b) => a.w - b.w);
console.log(`\nstrongest evidence for ${targetNames[0]} (per standard deviation of the feature):`);
for (const f of ranked.slice(0, 5)) console.log(`  ${f.name.padEnd(24)} ${f.w.toFixed(2)}`);
console.log(`strongest evidence for ${targetNames[1]}:`);
for (const f of ranked.slice(-3).reverse()) console.log(`  ${f.name.padEnd(24)} +${f.w.toFixed(2)}`);
