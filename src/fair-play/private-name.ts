/** How a shared surface refers to someone off the board when it must mention them at all. */
export const PRIVATE_NAME = 'a colleague';
