/** Synthetic people: GB 11643 ID numbers (valid structure, sequence codes 800–999) and names. */
import type { Random } from './random.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** `region` 6 digits, `birth` YYYY-MM-DD; odd sequence digit = 男. */
export function makeId(random: Random, region: string, birth: string, sex: '男' | '女'): string {
  const seq = random.int(80, 99) * 10 + (sex === '男' ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]));
  const first17 = region + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + checkDigit(first17);
}

/** An ID one digit away from `id` (not the check digit): a typo. */
export function substituteDigit(random: Random, id: string): string {
  const pos = random.int(14, 15);
  const digit = (Number(id[pos]) + random.int(1, 9)) % 10;
  return id.slice(0, pos) + digit + id.slice(pos + 1);
}

/** `id` with two adjacent different digits swapped (inside the sequence code). */
export function transposeDigits(id: string): string {
  for (const pos of [14, 15, 13, 12]) {
    if (id[pos] !== id[pos + 1]) return id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
  }
  return id;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '子涵梓轩浩宇欣怡一诺雨桐思远俊熙嘉怡语嫣明杰佳琪晨曦若曦天佑宇航梦琪诗涵博文睿泽雅静可馨文博紫萱皓轩志强海洋建华秀英丽娟春燕晓东新宇';

export function makeName(random: Random, surname?: string): string {
  const s = surname ?? random.pick([...SURNAMES]);
  const length = random.chance(0.7) ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i++) given += random.pick([...GIVEN]);
  return s + given;
}

export function makeMobile(random: Random): string {
  return `1${random.pick(['3', '5', '7', '8', '9'])}${String(random.int(0, 999999999)).padStart(9, '0')}`;
}
